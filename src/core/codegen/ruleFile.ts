import type { Event, FieldDef, UpdateRule } from '../model/model.js';
import type { CodeModel } from './codeModel.js';
import { renderRuleBody, type RuleContext } from './evolveRules.js';
import type { ModuleScope } from './moduleScope.js';
import { metadataSource, sameValueSource } from './ruleRuntime.js';
import type { TypeRef } from './tsTypes.js';
import { stringLiteral } from './text.js';
import { indentText } from './valueExpr.js';

/**
 * What a decider file and a projection file share: the `switch` over the events of a rule set,
 * and the run-time helpers the rules ask for, defined once at the end of the file.
 */
export class RuleFile {
  private readonly counters = new Map<string, number>();
  private sameValueName: string | undefined;
  private metadataName: string | undefined;

  constructor(
    private readonly cm: CodeModel,
    private readonly scope: ModuleScope,
    private readonly ref: TypeRef,
    /** Locals of the evolve function: the event, the rebuilt target, the list element. */
    private readonly locals: { event: string; next: string; item: string },
  ) {}

  /** A fresh local: `value1`, `value2`... each claimed from the module's names. */
  temp(hint = 'value'): string {
    const n = (this.counters.get(hint) ?? 0) + 1;
    this.counters.set(hint, n);
    return this.scope.local(`${hint}${n}`);
  }

  /** The body of one `case`: the rule applied to `base`, as statements ending in `return`. */
  ruleBody(rule: UpdateRule | undefined, event: Event, target: Map<string, FieldDef>, base: string, stateInput: string): string[] {
    if (!rule) return [`return ${base};`];
    const c: RuleContext = {
      model: this.cm.model,
      ref: this.ref,
      event,
      eventData: `${this.locals.event}.data`,
      stateFields: target,
      state: stateInput,
      meta: () => `${this.metadataName ??= this.scope.local('metadataOf')}(${this.locals.event})`,
      temp: (hint) => this.temp(hint),
      hoisted: [],
      guards: [],
      target,
      base,
      next: this.locals.next,
      item: this.locals.item,
      sameValue: () => (this.sameValueName ??= this.scope.local('sameValue')),
    };
    return renderRuleBody(rule.ops, c);
  }

  /**
   * A `switch (event.type)` with one case per event and a `never` check in `default`. Bodies are
   * unindented statements; events whose body is just `return <unchanged>;` share one case at the end.
   */
  eventSwitch(events: Event[], body: (e: Event) => string[], unchanged: string, indent: string): string[] {
    const lines = [`${indent}switch (${this.locals.event}.type) {`];
    const untouched: string[] = [];
    const keep = `return ${unchanged};`;
    for (const e of events) {
      const b = body(e);
      if (b.length === 1 && b[0] === keep) {
        untouched.push(e.name);
        continue;
      }
      if (b.length === 1) lines.push(`${indent}  case ${stringLiteral(e.name)}:`, indentText(b[0]!, `${indent}    `));
      else lines.push(`${indent}  case ${stringLiteral(e.name)}: {`, ...b.map((l) => indentText(l, `${indent}    `)), `${indent}  }`);
    }
    if (untouched.length > 0) {
      lines.push(...untouched.map((n) => `${indent}  case ${stringLiteral(n)}:`), `${indent}    ${keep}`);
    }
    lines.push(
      `${indent}  default: {`,
      `${indent}    // Every event has a case above: one added to the model fails to compile here until it has one.`,
      // A union is narrowed to never; a single event type is not, but its `type` is.
      `${indent}    const unhandled: never = ${this.locals.event}${events.length === 1 ? '.type' : ''};`,
      `${indent}    void unhandled;`,
      `${indent}    return ${unchanged};`,
      `${indent}  }`,
      `${indent}}`,
    );
    return lines;
  }

  /** The helpers the rules asked for, to append to the file. */
  helpers(): string[] {
    const out: string[] = [];
    if (this.sameValueName) out.push('', ...sameValueSource(this.sameValueName));
    if (this.metadataName) out.push('', ...metadataSource(this.metadataName));
    return out;
  }
}

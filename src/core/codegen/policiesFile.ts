import type { Command, Event, FieldDef, PolicyCommand } from '../model/model.js';
import type { CodeModel, PolicyCode } from './codeModel.js';
import { ModuleScope } from './moduleScope.js';
import { camelCase, propertyAccess, propertyKey } from './names.js';
import { converted, placeholder, type TypeRef } from './tsTypes.js';
import { jsDoc, lineComment, stringLiteral } from './text.js';
import { layout } from './payloadLiteral.js';
import { indentText, renderValue, type ValueContext } from './valueExpr.js';

/**
 * `policies.ts`: per policy, a function from the triggering event to the commands it issues.
 * A step's payload maps `$event.x` to `event.data.x`; a step by name copies same-named fields.
 * A required field the model cannot fill (absent on the way) is left to a function of the
 * user's `<policy>.mapping.ts`, created once with placeholders.
 */

/** The policies file and the mapping stubs the policies need, by file stem. */
export function renderPoliciesFiles(cm: CodeModel): { policies: string; mappings: Map<string, string> } {
  const scope = new ModuleScope([...cm.policies.map((p) => p.functionName), 'event', '_event']);
  const ref: TypeRef = (name) => scope.type('./types.js', cm.typeNames.get(name) ?? name);
  const body: string[] = [];
  const mappings = new Map<string, string>();
  for (const p of cm.policies) {
    const event = p.policy.when && cm.model.events.get(p.policy.when.name);
    if (!event) continue;
    const stub = new MappingStub(cm, p, event);
    body.push('', ...policyFunction(cm, p, event, scope, ref, stub));
    if (stub.functions.length > 0) mappings.set(p.stem, stub.render());
  }
  if (body.length === 0) return { policies: '// The model declares no policies.\nexport {};\n', mappings };
  return { policies: [...scope.render(), ...body].join('\n') + '\n', mappings };
}

function policyFunction(cm: CodeModel, p: PolicyCode, event: Event, scope: ModuleScope, ref: TypeRef, stub: MappingStub): string[] {
  let readsEvent = false;
  const hoisted: string[] = [];
  const steps: string[] = [];
  const issued: string[] = [];
  let temps = 0;
  for (const step of p.policy.then) {
    const cmd = cm.model.commands.get(step.command.name);
    if (!cmd) continue;
    issued.push(ref(cmd.name));
    const parts: string[] = [];
    const missing: FieldDef[] = [];
    for (const f of cmd.fields.values()) {
      const c: ValueContext = {
        model: cm.model,
        ref,
        event,
        eventData: 'event.data',
        temp: () => scope.local(`value${++temps}`),
        hoisted: [],
        guards: [],
      };
      const part = fieldPart(f, step, event, cm, c, ref);
      if (part === 'missing') missing.push(f);
      else if (part !== undefined) {
        parts.push(part);
        hoisted.push(...c.hoisted);
        if (part.includes('event.data') || c.hoisted.length > 0) readsEvent = true;
      }
    }
    if (missing.length > 0) {
      const fn = scope.value(`./${p.stem}.mapping.js`, stub.add(cmd, missing));
      parts.push(`...${fn}(event)`);
      readsEvent = true;
    }
    const data = parts.length === 0 ? '{}' : layout(parts, '{', '}', '    ');
    steps.push(`  ${layout([`type: ${stringLiteral(cmd.name)}`, `data: ${data}`], '{', '}', '  ')},`);
  }
  const when = ref(event.name);
  const returns = issued.length === 0 ? 'never[]' : issued.length === 1 ? `${issued[0]}[]` : `(${[...new Set(issued)].join(' | ')})[]`;
  const doc = [p.policy.description, `When ${event.name}: ${p.policy.then.map((s) => s.command.name).join(', ')}.`].filter((x) => x !== undefined).join('\n\n');
  return [
    ...jsDoc(doc),
    `export function ${p.functionName}(${readsEvent ? 'event' : '_event'}: ${when}): ${returns} {`,
    ...hoisted.map((h) => `  ${h}`),
    ...(steps.length === 0 ? ['  return [];'] : ['  return [', ...steps.map((st) => indentText(st, '  ')), '  ];']),
    '}',
  ];
}

/** One command field: its `key: value` part, nothing (an optional field without a value), or 'missing'. */
function fieldPart(f: FieldDef, step: PolicyCommand, event: Event, cm: CodeModel, c: ValueContext, ref: TypeRef): string | undefined | 'missing' {
  const key = propertyKey(f.name);
  if (step.payload) {
    const entry = step.payload.kind === 'map' ? step.payload.entries.get(f.name) : undefined;
    if (!entry || (entry.value.kind === 'scalar' && entry.value.value === null)) return f.optional ? undefined : 'missing';
    const r = renderValue(entry.value, f, c);
    if (c.guards.length > 0 || c.unresolved || (r.maybe && !f.optional)) {
      c.hoisted = [];
      return f.optional ? undefined : 'missing';
    }
    return r.maybe ? `...(${r.maybe} !== undefined ? { ${key}: ${r.expr} } : {})` : `${key}: ${r.expr}`;
  }
  const src = event.fields.get(f.name);
  if (!src) return f.optional ? undefined : 'missing';
  if (src.optional && !f.optional) return 'missing';
  const expr = converted(`event.data${propertyAccess(f.name)}`, src, f, cm.model, ref);
  return src.optional ? `...(event.data${propertyAccess(f.name)} !== undefined ? { ${key}: ${expr} } : {})` : `${key}: ${expr}`;
}

/** The user's `<policy>.mapping.ts`: one function per step whose required fields the model leaves open. */
class MappingStub {
  readonly functions: string[][] = [];
  private readonly scope: ModuleScope;
  private readonly ref: TypeRef;

  constructor(
    private readonly cm: CodeModel,
    private readonly p: PolicyCode,
    private readonly event: Event,
  ) {
    this.scope = new ModuleScope(['_event']);
    this.ref = (name) => this.scope.type('./types.js', cm.typeNames.get(name) ?? name);
  }

  /** Adds the function for one step; returns its name. */
  add(cmd: Command, missing: FieldDef[]): string {
    const name = this.scope.local(`map${cmd.name[0]!.toUpperCase()}${camelCase(cmd.name).slice(1)}`);
    const fields = missing.map((f) => stringLiteral(f.name)).join(' | ');
    this.functions.push([
      '',
      `/** The fields of ${lineComment(cmd.name)} that ${lineComment(this.event.name)} does not give: ${missing.map((f) => lineComment(f.name)).join(', ')}. */`,
      `export function ${name}(_event: ${this.ref(this.event.name)}): Pick<${this.ref(cmd.name)}['data'], ${fields}> {`,
      '  return {',
      ...missing.map((f) => `    ${propertyKey(f.name)}: ${placeholder(f, this.cm.model, this.ref)}, // TODO: ${lineComment(f.name)}`),
      '  };',
      '}',
    ]);
    return name;
  }

  render(): string {
    return [
      `// The mapping of the policy ${lineComment(this.p.policy.name)}, called by policies.ts.`,
      `// This file is yours: Event Model Studio created it once from ${lineComment(this.cm.modelPath)} and never overwrites it.`,
      '',
      ...this.scope.render(),
      ...this.functions.flat(),
    ].join('\n') + '\n';
  }
}

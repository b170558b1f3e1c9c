import * as vscode from 'vscode';
import {
  modelSemanticTokens, parseSamples, sampleSemanticTokens, SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES,
} from '../../core/index.js';
import type { Feature } from '../feature.js';
import { parsedModel } from '../modelDocuments.js';

const legend = new vscode.SemanticTokensLegend([...SEMANTIC_TOKEN_TYPES], [...SEMANTIC_TOKEN_MODIFIERS]);

/**
 * Colours the keys of models and YAML sample files from the parsed model: section keys, element
 * names (as type, class, function, event, struct or interface), update operators and the events
 * and commands of scenarios. The TextMate grammar handles values; keys belong to YAML's grammar.
 */
export function semanticHighlighting(): Feature {
  const provider: vscode.DocumentSemanticTokensProvider = {
    provideDocumentSemanticTokens(doc) {
      const tokens = doc.languageId === 'event-model' ? modelSemanticTokens(parsedModel(doc.uri, doc.getText()).model) : sampleSemanticTokens(parseSamples(doc.getText(), doc.uri.path));
      const builder = new vscode.SemanticTokensBuilder(legend);
      for (const t of tokens) {
        const r = t.range;
        builder.push(r.start.line, r.start.character, r.end.character - r.start.character, SEMANTIC_TOKEN_TYPES.indexOf(t.type), t.declaration ? 1 : 0);
      }
      return builder.build();
    },
  };
  return () => [
    vscode.languages.registerDocumentSemanticTokensProvider([{ language: 'event-model' }, { language: 'event-model-samples' }], provider, legend),
  ];
}

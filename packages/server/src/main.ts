/** Entry point of the bundled server: `node out/main.cjs --stdio` (or `--node-ipc` from the extension). */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createHaleLspServices } from './hale-lsp-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createHaleLspServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);

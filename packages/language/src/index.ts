export * from './generated/ast.js';
export * from './hale-module.js';
export { HaleLexer } from './lexer/hale-lexer.js';
export { SYNTAX_CODE } from './syntax/document-validator.js';
export { unescapeString, formatStringSegmentText } from './syntax/value-converter.js';
export { HaleGeneratedModule, HaleGeneratedSharedModule, HaleLanguageMetaData } from './generated/module.js';
export { loadProgram, ProgramLoadError, type LoadedProgram } from './program.js';
export * from './model/index.js';
export * from './format/index.js';

/**
 * Syntax rules upstream's parser enforces that a context-free grammar does not say: statement
 * terminators, non-associative comparisons, where `~~` may appear, which annotations exist. Reported as
 * `hale.syntax`, like parse errors, because upstream rejects these programs at parse time.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { HaleAstType } from '../generated/ast.js';
import type { HaleServices } from '../hale-module.js';
import { SYNTAX_CODE } from './document-validator.js';

export class HaleSyntaxValidator {
    checkNothing(_node: unknown, _accept: ValidationAcceptor): void {
        // filled in as rules are added
    }
}

export function registerSyntaxChecks(services: HaleServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.HaleSyntaxValidator;
    const checks: ValidationChecks<HaleAstType> = {};
    registry.register(checks, validator);
    void SYNTAX_CODE;
}

/** Plugs the program model's diagnostics into Langium's validation (one check per document root). */
import { AstUtils, type ValidationChecks } from 'langium';
import type { HaleAstType } from '../generated/ast.js';
import type { HaleServices } from '../hale-module.js';

export function registerModelChecks(services: HaleServices): void {
    const models = services.model.ProgramModels;
    const checks: ValidationChecks<HaleAstType> = {
        Program: (program, accept) => models.validate(program, accept, AstUtils.getDocument(program)),
    };
    services.validation.ValidationRegistry.register(checks);
}

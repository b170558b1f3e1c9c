/** The commands of code generation, shared by the pieces that register and the pieces that link to them. */
export const GENERATE_CODE = 'eventModel.generateCode';
/** Reveals a model's output folder in the Explorer (argument: the model's URI). */
export const REVEAL_GENERATED_CODE = 'eventModel.revealGeneratedCode';
/** Opens a file of a model's output folder (arguments: the model's URI, the file's planned path, a name to show). */
export const OPEN_GENERATED_FILE = 'eventModel.openGeneratedFile';

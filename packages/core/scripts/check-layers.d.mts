/** The folder of entry files, exempt from the layer rule. */
export declare const ENTRY_FOLDER: string;
/** The layers ARCHITECTURE.md lists: folder name -> layer number. */
export declare function readLayers(architecture: string): Map<string, number>;
/** Every upward import and unplaced folder under `sourceDir`, as messages (none: the layers hold). */
export declare function checkLayers(options: { sourceDir: string; layers: ReadonlyMap<string, number> }): string[];

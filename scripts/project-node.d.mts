// Types of project-node.mjs (the project's Node 22 for scripts and the processes tests start).
export declare const projectRoot: string;
export declare const projectBin: string;
export declare const projectNode: string;
export declare const tsxCli: string;
export declare function envWithProjectNode(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function onProjectNode(scriptUrl: string): void;

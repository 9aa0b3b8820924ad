/**
 * What to do about faults for one request: inject `rule`, answer 400 with `problem` (a prompt asked
 * for a fault kind that does not exist), or nothing (undefined).
 */
export type FaultChoice<Rule> = { rule: Rule } | { problem: string } | undefined;

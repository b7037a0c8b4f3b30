// The ids of every security rule of constructs/rules/, kept in config/ (which imports no other layer) so that
// the config loader can refuse a suppression of an unknown rule at its position in the file. rule-pack.ts
// checks that its rules are exactly these.
export const RULE_IDS = ['RT-SG1', 'RT-SG2', 'RT-SEC1', 'RT-TLS1', 'RT-TLS2', 'RT-LB1', 'RT-LB2'] as const;

// The ids of every security rule, on their own so that the config loader can refuse a suppression of an
// unknown rule at its position in the file (a leaf module: no cdktf, no constructs). rule-pack.ts checks
// that its rules are exactly these.
export const RULE_IDS = ['RT-SG1', 'RT-SG2', 'RT-SEC1', 'RT-TLS1', 'RT-TLS2', 'RT-LB1', 'RT-LB2'] as const;

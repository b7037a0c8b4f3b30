// The shape of `tofu show -json <plan>` that the summary and its diagram read, apart from both so that they
// import it in one direction.

/** The parts of `tofu show -json <plan>` read here. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly configuration?: {
    readonly root_module?: {
      readonly variables?: Record<
        string,
        { readonly description?: string; readonly sensitive?: boolean; readonly default?: unknown }
      >;
      readonly outputs?: Record<string, { readonly description?: string; readonly sensitive?: boolean }>;
    };
  };
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly after?: Record<string, any> | null;
    /** Set when the change takes over an existing object through an import block. */
    readonly importing?: { readonly id: string } | null;
  };
}

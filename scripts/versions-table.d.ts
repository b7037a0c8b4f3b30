export function renderVersionsTable(versions?: any): string;
export function replaceTable(readme: string, table: string): string;

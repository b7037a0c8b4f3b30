// What a branch protection or an issue label needs of a repository, apart from SourceRepository so that
// they and the repository that makes them import in one direction.

export interface ISourceRepository {
  /** Known at synth time: import IDs use it. */
  readonly repositoryName: string;
  /** What `repository_id` of a branch protection takes: the node ID (a token) or the name. */
  readonly nodeId: string;
}

// One issue label on one repository (`github_issue_label`).
import { Construct } from 'constructs';
import { IssueLabel as IssueLabelResource } from '@cdktf/provider-github/lib/issue-label';
import { importWhenExisting } from './import-existing';
import { ISourceRepository } from './repository-reference';
import { validateProps } from '../validation';

export interface IssueLabelProps {
  readonly repository: ISourceRepository;
  readonly name: string;
  /** Six hex digits without `#`, e.g. `0E8A16`. */
  readonly color: string;
  /** @default - none */
  readonly description?: string;
  /**
   * The label exists on the repository already: an import block (`<repository>:<name>`) takes it over.
   * @default false
   */
  readonly importExisting?: boolean;
}

export class IssueLabel extends Construct {
  public readonly resource: IssueLabelResource;

  constructor(scope: Construct, id: string, props: IssueLabelProps) {
    super(scope, id);
    validateProps(this, [
      {
        invalid: !/^[0-9A-Fa-f]{6}$/.test(props.color),
        message: `color must be six hex digits without "#", got ${JSON.stringify(props.color)}`,
      },
      {
        invalid: props.name.trim() === '' || props.name.length > 50,
        message: `name must be 1-50 characters, got ${JSON.stringify(props.name)}`,
      },
    ]);
    this.resource = new IssueLabelResource(this, 'Resource', {
      repository: props.repository.repositoryName,
      name: props.name,
      color: props.color.toUpperCase(),
      description: props.description,
    });
    importWhenExisting(
      this.resource,
      props.importExisting ?? false,
      `${props.repository.repositoryName}:${props.name}`,
    );
  }
}

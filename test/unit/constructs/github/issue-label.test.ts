import { Testing } from 'cdktf';
import { IssueLabel, IssueLabelProps, SourceRepository } from '../../../../constructs';

function synth(props: Partial<Omit<IssueLabelProps, 'repository'>> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new IssueLabel(scope, 'Label', {
        repository: SourceRepository.fromRepositoryName(scope, 'Repo', 'kayobe'),
        name: 'ok-to-test',
        color: '0075ca',
        ...props,
      });
    }),
  );
}

describe('IssueLabel', () => {
  test('a label with its colour in GitHub form; an existing one is imported as <repository>:<name>', () => {
    const json = synth({ description: 'Zuul: approved to run CI tests', importExisting: true });
    expect(Object.values<any>(json.resource.github_issue_label)).toEqual([
      expect.objectContaining({
        repository: 'kayobe',
        name: 'ok-to-test',
        color: '0075CA',
        description: 'Zuul: approved to run CI tests',
      }),
    ]);
    expect(json.import.map((i: any) => i.id)).toEqual(['kayobe:ok-to-test']);
  });

  test('fails on a colour that is not six hex digits', () => {
    expect(() => synth({ color: '#0075CA' })).toThrow(/color must be six hex digits without "#", got "#0075CA"/);
  });
});

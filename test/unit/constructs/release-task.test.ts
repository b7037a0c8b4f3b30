import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { pulpUrls, ReleaseTask, ReleaseTaskProps, ReleaseTrainValidationError } from '../../../constructs';

const target = pulpUrls('pulp.site-b.example.net');

function synth(tasks: (scope: Construct) => void): Record<string, any> {
  return JSON.parse(Testing.synthScope(tasks)).resource.terraform_data;
}

const props = (extra: Partial<ReleaseTaskProps> = {}): ReleaseTaskProps => ({
  description: 'reconcile',
  args: ['reconcile', '--config', '../../../site.yaml'],
  target,
  inputs: { rpm: [{ name: 'Rocky Linux 9', url: 'https://mirror.example.org/' }] },
  rerunsWhen: 'the content changes',
  ...extra,
});

describe('ReleaseTask', () => {
  test('terraform_data running the CLI with a timeout, against the target, after the tasks it follows', () => {
    const tasks = synth((scope) => {
      const first = new ReleaseTask(scope, 'First', props({ args: ['wait-ready'], inputs: {} }));
      new ReleaseTask(scope, 'Second', props({ after: [first], timeoutSeconds: 120 }));
    });
    const [first, second] = Object.entries<any>(tasks).sort(([a], [b]) => a.localeCompare(b));
    expect(second[1].depends_on).toEqual([`terraform_data.${first[0]}`]);
    expect(second[1].provisioner[0]['local-exec'].command).toBe(
      "echo 'release-train task: reconcile' && timeout 120 node ../../../dist/cli/main.js reconcile --config ../../../site.yaml --pulp-url https://pulp.site-b.example.net",
    );
    expect(second[1].triggers_replace.target).toBe('https://pulp.site-b.example.net');
  });

  test('the trigger changes with the inputs, and only with them (key order does not matter)', () => {
    const hash = (inputs: unknown) => new ReleaseTask(Testing.app(), 'T', props({ inputs })).inputsSha256;
    expect(hash({ a: 1, b: [1, 2] })).toBe(hash({ b: [1, 2], a: 1 }));
    expect(hash({ a: 1, b: [1, 2] })).not.toBe(hash({ a: 1, b: [2, 1] }));
    expect(hash({ a: 1 })).not.toBe(hash({ a: 2 }));
  });

  test('an empty list hashes as an absent key: a new kind of config entry reruns no existing task', () => {
    const hash = (inputs: unknown) => new ReleaseTask(Testing.app(), 'T', props({ inputs })).inputsSha256;
    expect(hash({ rpm: ['x'], images: [] })).toBe(hash({ rpm: ['x'] }));
    expect(hash({ rpm: ['x'], images: [] })).not.toBe(hash({ rpm: ['x'], images: ['y'] }));
    expect(hash({ rpm: [] })).not.toBe(hash({ rpm: [[]] }));
  });

  test('arguments are quoted for the shell: nothing is split or expanded', () => {
    const [task] = Object.values<any>(
      synth((scope) => new ReleaseTask(scope, 'T', props({ args: ['reconcile', '--config', "my site's $HOME.yaml"] }))),
    );
    expect(task.provisioner[0]['local-exec'].command).toContain(`--config 'my site'\\''s $HOME.yaml'`);
  });

  test.each([
    [{ timeoutSeconds: 0 }, /timeoutSeconds must be an integer from 1 to 86400, got 0/],
    [{ args: [] }, /args must name a release-train command, got none/],
  ])('fails on %p', (extra, message) => {
    expect(() => new ReleaseTask(Testing.app(), 'T', props(extra))).toThrow(ReleaseTrainValidationError);
    expect(() => new ReleaseTask(Testing.app(), 'T2', props(extra))).toThrow(message);
  });
});

// Integration tests run the project-built tofu and providers; fail early and clearly when they are missing.
const { missingComponents } = require('../../scripts/toolchain');

module.exports = async () => {
  const missing = missingComponents();
  if (missing.length > 0) {
    throw new Error(
      `toolchain not built (${missing.join(', ')}): run \`npm run tools\`, or \`npm test\`, which builds it`,
    );
  }
};

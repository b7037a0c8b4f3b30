// Registers cdktf's jest matchers (toHaveResource, toBeValidTerraform, ...), as the cdktf template does.
const cdktf = require('cdktf');
cdktf.Testing.setupJest();

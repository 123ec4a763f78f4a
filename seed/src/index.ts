export { seedDemo, type DemoSummary, type SeedLog } from "./demo";
export { demoToken, type DemoKey } from "./demo-keys";
export { DEMO_PASSWORD, type DemoUser } from "./demo-users";
export { generate, type GenerateOptions, type GenerateSummary } from "./generate";
export { bringSearchIndexInLine } from "./search-index";
export { seedEnvSchema, seedSetting } from "./setting";

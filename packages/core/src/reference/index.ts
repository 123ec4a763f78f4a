export * from "./cpv";
export * from "./places";
export * from "./municipality-history";
export * from "./certifications";
export * from "./nace";
export * from "./org-number";
export * from "./code-search";
export * from "./reference.schemas";

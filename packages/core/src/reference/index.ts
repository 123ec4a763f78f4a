export * from "./cpv";
export * from "./places";
export * from "./nace";
export * from "./org-number";

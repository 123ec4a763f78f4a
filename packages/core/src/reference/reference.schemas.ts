import { z } from "zod";

export const codeSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(100).meta({ description: "Start of a code, or words of its name (nb or en)" }),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const codeListAnswer = z
  .object({
    items: z.array(
      z.object({
        code: z.string(),
        labelNb: z.string(),
        labelEn: z.string().optional(),
      }),
    ),
  })
  .meta({ id: "CodeList" });

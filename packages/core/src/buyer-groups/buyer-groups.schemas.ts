import { z } from "zod";
import { idAnswer } from "../shared/answers";
import { BUYER_GROUP_KINDS } from "./buyer-group.model";
import { objectIdSchema, textSchema } from "../shared/schemas";

export const createBuyerGroupSchema = z
  .strictObject({
    name: textSchema({ min: 2, max: 200 }),
    slug: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and dashes")
      .max(80)
      .optional(),
    kind: z.enum(BUYER_GROUP_KINDS),
    description: textSchema({ max: 5000, multiline: true }).optional(),
    members: z.array(objectIdSchema).max(500).default([]),
  })
  .meta({ id: "BuyerGroupInput" });
export type CreateBuyerGroupInput = z.infer<typeof createBuyerGroupSchema>;

export const updateBuyerGroupSchema = z
  .strictObject({
    name: textSchema({ min: 2, max: 200 }).optional(),
    description: textSchema({ max: 5000, multiline: true }).optional(),
    members: z.array(objectIdSchema).max(500).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "give at least one field to change")
  .meta({ id: "BuyerGroupPatch" });
export type UpdateBuyerGroupInput = z.infer<typeof updateBuyerGroupSchema>;

// Answers

/** A buyer group (buyer-groups.service.ts present): followers are listed to the admin only. */
export const buyerGroupAnswer = z
  .strictObject({
    id: idAnswer,
    name: z.string(),
    slug: z.string(),
    kind: z.enum(BUYER_GROUP_KINDS),
    description: z.string(),
    members: z.array(idAnswer).meta({ description: "The member buyers' ids" }),
    followerCount: z.int().min(0),
    following: z.boolean().optional().meta({ description: "Whether the calling organisation follows the group" }),
    followers: z.array(idAnswer).optional().meta({ description: "Admin only: the following suppliers' ids" }),
  })
  .meta({ id: "BuyerGroup" });

export const buyerGroupListAnswer = z
  .strictObject({ items: z.array(buyerGroupAnswer), total: z.int().min(0) })
  .meta({ id: "BuyerGroupList" });

import mongoose, { Types } from "mongoose";
import { Need } from "../packages/core/src/needs/need.model";
const { EJSON } = mongoose.mongo.BSON;
const base = {
  title: "Benchmark: drift av kommunale bygg", challenge: "Vi trenger lavere energibruk i 40 kommunale bygg.",
  description: "Måling av belastning.", cpv: ["50700000-2", "71314000-2"], cpvCodes: ["50000000","50700000","71000000","71300000","71310000","71314000"],
  cpvDivision: "50", estimatedValueNok: { min: 10_000_000, max: 20_000_000 }, valueMin: 1e7, valueMax: 2e7,
  municipalities: ["3207"], counties: ["32"], procedure: "open", status: "published", publishedAt: new Date(),
  buyerId: new Types.ObjectId(), buyerName: "Nordre Follo kommune", timeline: {dialogueOpens: new Date()}, pipelineYear: 2027,
  milestones: [{kind: "planned_notice", date: new Date(), title: "x"}], createdAt: new Date(), updatedAt: new Date(),
};
function time(label: string, n: number, f: () => unknown) {
  for (let i = 0; i < 300; i++) f();
  const t0 = process.cpuUsage(); for (let i = 0; i < n; i++) f(); const d = process.cpuUsage(t0);
  console.log(label, ((d.user + d.system) / n / 1000).toFixed(4), "ms");
}
const rec = new Need({ ...base, _id: new Types.ObjectId() }).toObject();
const json = JSON.parse(JSON.stringify(rec));
time("mongoose cast", 3000, () => new Need(json).toObject());
const ej = JSON.parse(JSON.stringify(EJSON.serialize(rec, { relaxed: true })));
time("EJSON.serialize+stringify", 3000, () => JSON.stringify(EJSON.serialize(rec, { relaxed: true })));
time("stringify", 3000, () => JSON.stringify(rec));
time("EJSON.deserialize", 3000, () => EJSON.deserialize(ej, { relaxed: true }));
const back = EJSON.deserialize(ej, { relaxed: true });
console.log(JSON.stringify(back) === JSON.stringify(rec), back._id instanceof Types.ObjectId, back.milestones[0].date instanceof Date);

import { createSimulatedEngine, newSessionId } from "minicloud";
import { describeEngineContract } from "./engine-contract.js";

describeEngineContract("simulated", async () => createSimulatedEngine({ sessionId: newSessionId() }), { runsPrograms: false });

import { createProcessEngine, newSessionId } from "minicloud";
import { describeEngineContract } from "./engine-contract.js";

describeEngineContract("process", async () => createProcessEngine({ sessionId: newSessionId() }), { runsPrograms: true });

import { describeEventFidelity } from "./event-fidelity-suite.js";

describeEventFidelity("process", { skip: false, reason: "" });

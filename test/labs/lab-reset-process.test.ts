import { labResetContract } from "./reset-contract.js";

labResetContract("process");

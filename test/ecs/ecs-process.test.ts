import { ecsContract } from "./ecs-contract.js";

ecsContract("process");

import { describeLambda } from "./lambda-contract.js";

describeLambda("process");

import { describeSdkInFunctions } from "./sdk-in-functions.js";

describeSdkInFunctions("process");

export { doctor, doctorBundle, formatDoctorReport, runDoctor, type CheckStatus, type DoctorCheck, type DoctorReport } from "./doctor.js";
export { findJupyter, probePython, pythonCandidates, type JupyterInstall, type JupyterNeed } from "./jupyter-finder.js";
export { manualJupyterInstructions, planJupyterInstall, runJupyterInstall, type JupyterInstallRoute } from "./jupyter-installer.js";
export {
  desiredKernelspec,
  installKernelspec,
  isKernelspecCurrent,
  jupyterDataDir,
  jupyterEnv,
  KERNEL_DISPLAY_NAME,
  KERNEL_NAME,
  kernelspecDir,
  readKernelspec,
  type Kernelspec,
  type KernelspecInstall,
} from "./kernelspec.js";

# JupyterHub for a class working through the minicloud workbook on one shared Linux machine.
#
# Each student logs in with their own account on the machine and gets a Jupyter server running as that
# account, their own copy of the notebooks in ~/minicloud-workbook, and the "TypeScript (minicloud)"
# kernel. minicloud runs on its process engine there: a student's Lambda environments and ECS tasks are
# processes of the student's own account, which no other student can stop, and the files they keep are
# readable by that account only. Students get no Docker engine: whoever may use one controls all of it.
# docs/serving-a-class.md says what this does and does not isolate, and how to run it.
#
# Load it from the hub's own configuration, which adds the site's settings (admins, TLS, ...):
#     load_subconfig("/opt/minicloud-workbook/deploy/jupyterhub/jupyterhub_config.py")
import logging
import os
import pwd
import stat
import subprocess

c = get_config()  # noqa: F821 (JupyterHub defines it)

# The workbook: the repository this file is in, unless MINICLOUD_WORKBOOK names another. It must be
# built (`npm ci`), have its kernelspec (`npx minicloud kernel install`), and be readable by students.
WORKBOOK = os.environ.get("MINICLOUD_WORKBOOK") or os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
# The students: members of this group; no other account on the machine may log in to the hub.
STUDENTS_GROUP = os.environ.get("MINICLOUD_STUDENTS_GROUP", "minicloud-students")
# Each student's own copy of the notebooks, in their home folder.
STUDENT_FOLDER = "minicloud-workbook"
# Where minicloud records running sessions (its default): one folder for the machine, like /tmp.
SESSIONS_FOLDER = "/tmp/minicloud-sessions"

c.LocalAuthenticator.allowed_groups = {STUDENTS_GROUP}

c.Spawner.notebook_dir = "~/" + STUDENT_FOLDER
c.Spawner.environment = {
    # The kernelspec stays in the workbook's own Jupyter folder: nothing is installed system-wide.
    "JUPYTER_PATH": os.path.join(WORKBOOK, ".jupyter"),
    # Containers are the student's own processes; never the machine's Docker engine.
    "MINICLOUD_ENGINE": "process",
}


def give_student_the_notebooks(spawner):
    """Copies the workbook's notebooks into the student's folder: all of them at the first start, and
    later only new ones, never over the student's own work. It runs as the student, so a link the
    student planted in their home cannot make root write anywhere else; umask 077 keeps the folder
    theirs alone. The folder's node_modules link is how the notebooks' `import ... from "minicloud"`
    finds the workbook's library."""
    student = pwd.getpwnam(spawner.user.name)
    script = r"""
umask 077
mkdir -p "$1"
for notebook in "$2"/notebooks/*.ipynb; do
  [ -e "$1/${notebook##*/}" ] || cp "$notebook" "$1/"
done
ln -sfn "$2/node_modules" "$1/node_modules"
"""
    subprocess.run(
        ["/bin/sh", "-c", script, "sh", os.path.join(student.pw_dir, STUDENT_FOLDER), WORKBOOK],
        user=student.pw_uid,
        group=student.pw_gid,
        extra_groups=[],
        cwd=student.pw_dir,
        env={"PATH": "/usr/bin:/bin", "HOME": student.pw_dir},
        check=True,
    )


c.Spawner.pre_spawn_hook = give_student_the_notebooks


def make_sessions_folder():
    """Makes minicloud's records folder as root (mode 1777, like /tmp) before any student can: a
    folder a student made would be theirs to empty, so minicloud refuses it to everyone else."""
    try:
        os.mkdir(SESSIONS_FOLDER)
        os.chmod(SESSIONS_FOLDER, 0o1777)
    except FileExistsError:
        info = os.lstat(SESSIONS_FOLDER)
        if info.st_uid != 0 or stat.S_IMODE(info.st_mode) != 0o1777:
            logging.getLogger("JupyterHub").warning(
                "minicloud: %s is owned by user %s with mode %o; remove it (or make it root's, mode 1777) "
                "so that students' sessions can be recorded.",
                SESSIONS_FOLDER, info.st_uid, stat.S_IMODE(info.st_mode),
            )


make_sessions_folder()

# Debian's configurable-http-proxy finds its modules through Debian's Node.js; with another Node.js
# (NodeSource's, as the workbook needs 20.19 or newer) it needs to be told where they are.
if os.path.isdir("/usr/share/nodejs/configurable-http-proxy"):
    c.ConfigurableHTTPProxy.command = ["env", "NODE_PATH=/usr/share/nodejs", "configurable-http-proxy"]

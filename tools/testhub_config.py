# JupyterHub config of the throwaway test hub (tools/testhub.py): any password logs in, every
# server runs as the current user. Never use it for a workshop: see docs/running-a-workshop.md.
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821
E = os.environ
run, notebooks = Path(E["HUBTEST_DIR"]), Path(E["HUBTEST_NOTEBOOKS"])
users = {u for u in E["HUBTEST_USERS"].split(",") if u}

c.JupyterHub.ip = c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.port = int(E["HUBTEST_PORT"])  # the proxy: the only URL a browser uses
c.JupyterHub.hub_port = int(E["HUBTEST_HUB_PORT"])  # the default 8081 clashes between runs
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{E['HUBTEST_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [E["HUBTEST_CHP"]]
c.JupyterHub.pid_file = str(run / "jupyterhub.pid")
c.JupyterHub.db_url = f"sqlite:///{run / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(run / "jupyterhub_cookie_secret")

c.JupyterHub.authenticator_class = "dummy"
facilitator = E.get("HUBTEST_FACILITATOR", "facilitator")
c.Authenticator.allowed_users = users | {facilitator}
c.Authenticator.admin_users = {facilitator}

c.JupyterHub.spawner_class = "simple"  # local processes, all as the current user
c.SimpleLocalProcessSpawner.home_dir_template = str(run / "home" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.args = [
    "--allow-root",
    "--VoilaConfiguration.show_tracebacks=True",
    "--VoilaExecutor.iopub_timeout=60",  # a busy room: see docs/running-a-workshop.md
]
c.Spawner.default_url = "/voila/tree"
c.Spawner.start_timeout = c.Spawner.http_timeout = 300  # a whole room spawning on 2 cores
c.JupyterHub.concurrent_spawn_limit = 200  # the load test logs a whole room in at once
# Per user: a callable receives the spawner (plain strings are not templated).
c.Spawner.environment = {
    "IOPKIT_DATA_DIR": lambda spawner: str(run / "data" / spawner.user.name),
    "IOPKIT_EXCHANGE": str(run / "exchange"),
    "HUBTEST_RUN": E["HUBTEST_RUN"],  # marks every server and kernel for teardown
}


def copy_notebooks(spawner):
    """The kit's notebooks in the user's home, the server's (and Voila's) root folder."""
    home = Path(spawner.home_dir)
    for folder in (home, run / "data" / spawner.user.name):
        folder.mkdir(parents=True, exist_ok=True)
    for nb in notebooks.glob("*.ipynb"):
        shutil.copy2(nb, home / nb.name)


c.Spawner.pre_spawn_hook = copy_notebooks

if E.get("HUBTEST_UNIX_VENV"):
    # The Unix-users set-up, as on The Littlest JupyterHub: each server runs as its (existing)
    # Unix user in their home, from a venv every user can run; answers go to each user's
    # default data folder; hand-ins to the drop box made by `iopkit exchange init`.
    import pwd

    venv = Path(E["HUBTEST_UNIX_VENV"])
    c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
    c.Spawner.args = [a for a in c.Spawner.args if a != "--allow-root"]
    c.Spawner.notebook_dir = "~"
    c.Spawner.env_keep = ["LANG", "LC_ALL"]  # not root's PYTHONPATH or PATH
    c.Spawner.environment = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "IOPKIT_EXCHANGE": E["HUBTEST_EXCHANGE"],
        "HUBTEST_RUN": E["HUBTEST_RUN"],
    }

    def copy_notebooks_as_owner(spawner):
        """The notebooks in the user's home, owned by the user (the hook runs as root)."""
        pw = pwd.getpwnam(spawner.user.name)
        for nb in notebooks.glob("*.ipynb"):
            target = Path(pw.pw_dir) / nb.name
            shutil.copy2(nb, target)
            os.chown(target, pw.pw_uid, pw.pw_gid)

    c.Spawner.pre_spawn_hook = copy_notebooks_as_owner
c.JupyterHub.services = [{"name": "hubtest", "api_token": E["HUBTEST_API_TOKEN"]}]
c.JupyterHub.load_roles = [
    {
        "name": "hubtest",
        "services": ["hubtest"],
        "scopes": ["admin:users", "admin:servers", "tokens"],
    }
]

"""nginx proxy_cache in front of user-service: the cache the gateway is compared with."""
import os
import shutil
import subprocess

from .settings import ENTRY_LIFETIME_SECONDS, NGINX_PORT, NGINX_SHIPPED_PORT, OUT
from .shell import run

FOLDER = OUT / "nginx"
NOTE = ("nginx: proxy_cache with proxy_ignore_headers Cache-Control, key = method + URI; it checks "
        "no token, so its hits skip work the gateway always does (JWT verification).")


def config(users_port, folder=FOLDER, workers=None):
    """nginx.conf: two servers on one cache, without an access log (like the gateways measured beside it), and as
    shipped (nginx's default access log, one line per request to a file)."""
    user = "user root;" if os.geteuid() == 0 else ""
    server = """  server {
    listen 127.0.0.1:@PORT@;
    @LOG@
    location /users/ {
      proxy_pass http://users;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache users;
      # The same key parts the gateway uses for one role; nginx does not verify the token (see performance.md).
      proxy_cache_key "$request_method$request_uri";
      # user-service marks its answers private for outside caches; the gateway reads its targeted field instead.
      proxy_ignore_headers Cache-Control Expires Set-Cookie;
      proxy_cache_valid 200 @LIFETIME@s;
      proxy_cache_lock on;
      add_header X-Cache $upstream_cache_status;
    }
  }
"""
    servers = "".join(server.replace("@PORT@", str(port)).replace("@LOG@", log)
                      .replace("@LIFETIME@", str(ENTRY_LIFETIME_SECONDS)) for port, log in ((NGINX_PORT, "access_log off;"),
                                        (NGINX_SHIPPED_PORT, f"access_log {folder}/logs/access.log;")))
    return f"""
{user}
worker_processes {workers or os.cpu_count()};
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  proxy_cache_path {folder}/cache levels=1:2 keys_zone=users:64m max_size=2g inactive=60m use_temp_path=off;
  upstream users {{ server 127.0.0.1:{users_port}; keepalive 64; }}
{servers}}}
"""


def start(users_port):
    """Starts nginx on an empty cache; returns the note the report carries about it."""
    # A cache left by an earlier run would hold the users seeded then.
    shutil.rmtree(FOLDER / "cache", ignore_errors=True)
    (FOLDER / "cache").mkdir(parents=True, exist_ok=True)
    (FOLDER / "logs").mkdir(parents=True, exist_ok=True)
    (FOLDER / "nginx.conf").write_text(config(users_port))
    stop()
    run(["nginx", "-p", str(FOLDER), "-c", str(FOLDER / "nginx.conf")])
    return NOTE


def stop():
    if shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"):
        return  # modes that never start it run without it
    subprocess.run(["nginx", "-s", "stop", "-p", str(FOLDER), "-c", str(FOLDER / "nginx.conf")],
                   stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def entries():
    return sum(1 for path in (FOLDER / "cache").rglob("*") if path.is_file())

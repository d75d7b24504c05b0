"""A fault-injecting TCP proxy for perf/bench --faults, the Python counterpart of the tests' TcpProxy
(stack/src/main/java/io/cachegate/stack/test/TcpProxy.java): put it between a service and Redis or PostgreSQL,
then make the server look down, slow or cut off without touching the server itself.

Modes: "pass" (forward), "refuse" (open connections are closed, new ones closed at once: a stopped server as
clients see it), "hold" (a black hole: connections stay open, nothing is forwarded either way, and no reset comes;
what was sent is delivered when the mode goes back to "pass", as TCP does when a partition heals). A delay
(seconds) holds back every chunk, in order, in both directions. It runs on an asyncio loop in a thread of its own.
"""
import asyncio
import threading


class FaultProxy:

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.mode = "pass"
        self.delay = 0.0
        self.port = None
        self._resumed = None
        self._writers = set()
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"fault-proxy-{target_port}", daemon=True)

    def start(self):
        self._thread.start()
        self._started.wait(10)
        return self.port

    def set_mode(self, mode):
        if mode not in ("pass", "refuse", "hold"):
            raise ValueError(f"unknown proxy mode {mode!r}")
        self._loop.call_soon_threadsafe(self._apply, mode)

    def set_delay(self, seconds):
        self.delay = float(seconds)

    def close(self):
        self._loop.call_soon_threadsafe(self._loop.stop)

    # ---- on the proxy's loop ------------------------------------------------------------------------------------

    def _run(self):
        asyncio.set_event_loop(self._loop)
        self._resumed = asyncio.Event()
        self._resumed.set()
        server = self._loop.run_until_complete(asyncio.start_server(self._accept, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._started.set()
        self._loop.run_forever()

    def _apply(self, mode):
        self.mode = mode
        if mode == "hold":
            self._resumed.clear()
        else:
            self._resumed.set()
        if mode == "refuse":
            for writer in list(self._writers):
                writer.close()
            self._writers.clear()

    async def _accept(self, client_reader, client_writer):
        if self.mode == "refuse":
            client_writer.close()
            return
        try:
            server_reader, server_writer = await asyncio.wait_for(asyncio.open_connection(*self.target), 2)
        except (OSError, asyncio.TimeoutError):
            client_writer.close()
            return
        self._writers.update((client_writer, server_writer))
        await asyncio.gather(self._pump(client_reader, server_writer), self._pump(server_reader, client_writer),
                             return_exceptions=True)
        for writer in (client_writer, server_writer):
            self._writers.discard(writer)
            writer.close()

    async def _pump(self, reader, writer):
        queue = asyncio.Queue()

        async def forward():
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                wait = due - self._loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self._resumed.wait()
                writer.write(data)
                await writer.drain()

        sender = asyncio.ensure_future(forward())
        try:
            while not sender.done():
                await self._resumed.wait()
                data = await reader.read(65536)
                if not data:
                    break
                await queue.put((self._loop.time() + self.delay, data))
        finally:
            await queue.put((0, None))
            try:
                await sender
            except (OSError, ConnectionError):
                pass
            writer.close()

"""An asyncio service that manages connections with AsyncExitStack, plus an atexit report."""
import asyncio
import atexit
from contextlib import AsyncExitStack


class Conn:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print(f"{self.name} open")
        return self

    async def __aexit__(self, *exc):
        print(f"{self.name} closed")


async def flush_queue():
    print("queue flushed")


async def serve():
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(Conn("db"))
        stack.push_async_callback(flush_queue)
        stack.callback(print, "sync callback in async stack")
        print("served 1 request")


atexit.register(print, "service process exiting")
asyncio.run(serve())

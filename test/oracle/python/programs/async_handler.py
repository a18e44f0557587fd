"""An asyncio app that registers a coroutine function with atexit (never awaited) and a sync wrapper that does run it."""
import asyncio
import atexit


async def close_pool():
    print("async pool closed")


def close_pool_sync():
    asyncio.run(close_pool())


atexit.register(close_pool)
atexit.register(close_pool_sync)


async def main():
    await asyncio.sleep(0)
    print("requests served")


asyncio.run(main())

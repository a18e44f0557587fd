import atexit

settings = {"name": "rt-service", "workers": 2}


def _dump_settings():
    print("config: settings dumped")


atexit.register(_dump_settings)

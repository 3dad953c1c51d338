"""librouteros and RouterOS-api, two clients nobody here wrote, against our simulator.

Usage: python_clients.py HOST PORT USER PASSWORD
Prints one line per check and a closing 'N passed, N failed' line; exits non-zero on failure.
"""

import sys
import traceback

import librouteros
import librouteros.login
import routeros_api
from librouteros.query import Key

HOST, PORT, USER, PASSWORD = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
results = []


def check(name):
    def run(fn):
        try:
            fn()
            results.append(True)
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001 - any failure is reported and counted
            results.append(False)
            print(f"FAIL {name}")
            traceback.print_exc()
        return fn
    return run


def librouteros_connect(method):
    return librouteros.connect(host=HOST, port=PORT, username=USER, password=PASSWORD,
                               login_method=method, timeout=5)


@check("librouteros: plain login, print with .proplist")
def _():
    api = librouteros_connect(librouteros.login.plain)
    name, rx, running = Key("name"), Key("rx-byte"), Key("running")
    rows = list(api.path("/interface").select(name, rx, running))
    names = [r["name"] for r in rows]
    assert "ether1" in names and "bridge1" in names, names
    assert all(set(r) <= {"name", "rx-byte", "running"} for r in rows), rows[0]
    ether1 = next(r for r in rows if r["name"] == "ether1")
    assert isinstance(ether1["rx-byte"], int) and ether1["rx-byte"] > 2**32, ether1
    assert ether1["running"] is True
    assert next(r for r in rows if r["name"] == "ether4")["running"] is False
    api.close()


@check("librouteros: ?name= query")
def _():
    api = librouteros_connect(librouteros.login.plain)
    name = Key("name")
    rows = list(api.path("/interface").select(name, Key("type")).where(name == "vlan100"))
    assert rows == [{"name": "vlan100", "type": "vlan"}], rows
    api.close()


@check("librouteros: monitor-traffic once")
def _():
    api = librouteros_connect(librouteros.login.plain)
    rows = list(api.rawCmd("/interface/monitor-traffic", "=interface=ether1,ether2", "=once="))
    assert [r["name"] for r in rows] == ["ether1", "ether2"], rows
    assert all(r["rx-bits-per-second"] > 0 for r in rows), rows
    api.close()


@check("librouteros: MD5 challenge login")
def _():
    api = librouteros_connect(librouteros.login.token)
    identity = list(api.path("/system/identity"))
    assert identity == [{"name": "demo-isp-gw"}], identity
    api.close()


@check("librouteros: wrong password is refused")
def _():
    try:
        librouteros.connect(host=HOST, port=PORT, username=USER, password=PASSWORD + "x", timeout=5)
    except librouteros.exceptions.TrapError as error:
        assert "invalid user name or password" in str(error), error
    else:
        raise AssertionError("login with a wrong password succeeded")


def routeros_api_pool(plaintext):
    return routeros_api.RouterOsApiPool(HOST, username=USER, password=PASSWORD, port=PORT,
                                        plaintext_login=plaintext)


@check("RouterOS-api: plain login, print with .proplist and ?name=")
def _():
    pool = routeros_api_pool(True)
    api = pool.get_api()
    interfaces = api.get_resource("/interface")
    rows = interfaces.call("print", {".proplist": "name,tx-byte,disabled"}, {"name": "ether5"})
    assert len(rows) == 1 and rows[0]["name"] == "ether5", rows
    assert rows[0]["disabled"] == "true" and "comment" not in rows[0], rows
    everything = interfaces.get()
    assert len(everything) >= 20, len(everything)
    pool.disconnect()


@check("RouterOS-api: MD5 challenge login, monitor-traffic once, system resource")
def _():
    pool = routeros_api_pool(False)
    api = pool.get_api()
    rows = api.get_resource("/interface").call("monitor-traffic", {"interface": "bridge1", "once": ""})
    assert rows[0]["name"] == "bridge1" and int(rows[0]["tx-bits-per-second"]) > 0, rows
    resource = api.get_resource("/system/resource").get()
    assert resource[0]["version"].startswith("7."), resource
    pool.disconnect()


passed, failed = results.count(True), results.count(False)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

"""JUnit files farms read: one named suite, totals that add up, and per test
the labels and the seed as properties (ctest's own file has an empty suite
name, no labels and time 0)."""
import socket
import time
import xml.etree.ElementTree as ET

RESULTS = ("failures", "errors", "skipped")


def read_cases(path):
    """The <testcase> elements of a JUnit file (ctest's or ours)."""
    return ET.parse(path).getroot().iter("testcase")


def outcome(case):
    """passed, failures, errors or skipped."""
    if case.find("failure") is not None:
        return "failures"
    if case.find("error") is not None:
        return "errors"
    if case.find("skipped") is not None or case.get("status") in ("notrun", "disabled"):
        return "skipped"
    return "passed"


def annotate(case, suite, properties):
    """Names the case's suite (classname) and adds `properties` (name -> value;
    None values are left out) in a <properties> element."""
    case.set("classname", suite)
    props = case.find("properties")
    if props is None:
        props = ET.Element("properties")
        case.insert(0, props)
    for name, value in properties.items():
        if value is not None:
            ET.SubElement(props, "property", name=name, value=str(value))
    return case


def error_case(name, suite, message):
    """A test that should have run and has no result (its task died)."""
    case = ET.Element("testcase", name=name, classname=suite, time="0", status="notrun")
    ET.SubElement(case, "error", message=message)
    return case


def totals(cases):
    t = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "time": 0.0}
    for c in cases:
        t["tests"] += 1
        o = outcome(c)
        if o != "passed":
            t[o] += 1
        t["time"] += float(c.get("time") or 0)
    return t


def write(path, suite, cases, properties=None):
    """One <testsuites> with one <testsuite> named `suite` holding `cases`."""
    cases = list(cases)
    t = totals(cases)
    counts = {k: str(t[k]) for k in ("tests",) + RESULTS}
    root = ET.Element("testsuites", **counts, time=f"{t['time']:.3f}")
    s = ET.SubElement(root, "testsuite", name=suite, **counts, time=f"{t['time']:.3f}",
                      hostname=socket.gethostname(),
                      timestamp=time.strftime("%Y-%m-%dT%H:%M:%S"))
    if properties:
        props = ET.SubElement(s, "properties")
        for name, value in properties.items():
            ET.SubElement(props, "property", name=name, value=str(value))
    s.extend(cases)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
    return t


def read_totals(path):
    """The totals of a JUnit file, counted from its test cases."""
    return totals(read_cases(path))

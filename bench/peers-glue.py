"""bench:peers, the pulp-glue row: the work of one bench step driven the way pulp.squeezer's modules drive
pulp-glue. Each object is one module run: look the entity up by its natural key (a list call), create it if
missing, else compare and update only what differs. Unlike Ansible, which starts a Python process per task,
every object runs in this one process (the row is kinder to the peer than real playbooks are).

    python peers-glue.py create|promote OBJECTS.json      (PULP_BASE_URL, PULP_PASSWORD from the environment)
"""
import json
import os
import sys

from pulp_glue.common.authentication import BasicAuthProvider
from pulp_glue.common.context import PulpContext
from pulp_glue.common.exceptions import PulpEntityNotFound
from pulp_glue.core.context import PulpRbacContentGuardContext
from pulp_glue.rpm.context import PulpRpmDistributionContext, PulpRpmRemoteContext, PulpRpmRepositoryContext


def context():
    return PulpContext(
        api_root="/pulp/",
        api_kwargs={
            "base_url": os.environ["PULP_BASE_URL"],
            "auth_provider": BasicAuthProvider("admin", os.environ["PULP_PASSWORD"]),
        },
    )


def present(entity_context, natural_key, desired):
    """squeezer's PulpEntityAnsibleModule with state=present."""
    entity_context.entity = natural_key
    try:
        entity = entity_context.entity
    except PulpEntityNotFound:
        entity_context.entity = None
        entity_context.create(body={**natural_key, **desired})
        return
    changes = {key: value for key, value in desired.items() if entity.get(key) != value}
    if changes:
        entity_context.update(body=changes)


def main(operation):
    with open(sys.argv[2], encoding="utf-8") as file:
        objects = json.load(file)
    pulp = context()
    for item in objects:
        if operation == "create":
            present(PulpRpmRemoteContext(pulp), {"name": item["remote"]}, {"url": item["url"], "policy": "on_demand"})
            remote = PulpRpmRemoteContext(pulp, entity={"name": item["remote"]}).pulp_href
            present(PulpRpmRepositoryContext(pulp), {"name": item["name"]}, {"remote": remote})
            repository = PulpRpmRepositoryContext(pulp, entity={"name": item["name"]}).pulp_href
            present(
                PulpRpmDistributionContext(pulp),
                {"name": item["name"]},
                {"base_path": item["basePath"], "repository": repository},
            )
        else:
            guard = PulpRbacContentGuardContext(pulp, entity={"name": "release"}).pulp_href
            present(PulpRpmDistributionContext(pulp), {"name": item["distribution"]}, {"content_guard": guard})


if __name__ == "__main__":
    main(sys.argv[1])

"""`bench --site <site> cas-demo load|remove`: the demo Continuum of Care."""

import click
from frappe.commands import get_site, pass_context


@click.group("cas-demo")
def cas_demo():
	"""Load or remove the demo Continuum of Care."""


@cas_demo.command("load")
@click.option("--households", default=300, show_default=True, help="How many households")
@click.option("--seed", default=2026, show_default=True, help="Same seed, same CoC")
@pass_context
def load_demo(context, households, seed):
	import frappe

	from cas_coordinated_access.demo import loader

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		result = loader.load(households=households, seed=seed, progress=click.echo)
		frappe.db.commit()
		click.echo(f"Loaded {result['households']} households in {result['seconds']} s.")
		click.echo(f"Log in with any of these users, password {loader.DEMO_PASSWORD}:")
		for role, user in result["users"].items():
			click.echo(f"  {user}  ({role})")
	finally:
		frappe.destroy()


@cas_demo.command("remove")
@pass_context
def remove_demo(context):
	import frappe

	from cas_coordinated_access.demo import loader

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		removed = loader.remove()
		frappe.db.commit()
		click.echo(f"Removed {removed} demo records.")
	finally:
		frappe.destroy()


commands = [cas_demo]

import sys
from pathlib import Path

# The unit tier imports the app's plain-Python rules straight from the checkout, with no Frappe.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

"""Country names as address books write them, read without loading every place name."""

import subprocess
import sys

from phonenumbers.geodata.locale import LOCALE_DATA

from netdesk.domain import phone_numbers


def test_country_names_come_from_phonenumbers_own_table():
    assert phone_numbers._locale_data() == LOCALE_DATA
    assert phone_numbers.region_of_country("Canada") == "CA"
    assert phone_numbers.region_of_country("Madagascar") == "MG"
    assert phone_numbers.region_of_country("Россия") == "RU"
    assert phone_numbers.region_of_country("Deutschland") == "DE"
    assert phone_numbers.region_of_country("Atlantis") is None


def test_reading_a_country_name_leaves_the_place_names_unloaded():
    """(phonenumbers.geodata holds every number prefix's place names: most of a second)"""
    script = (
        "import sys\n"
        "from netdesk.domain.phone_numbers import region_of_country\n"
        "assert region_of_country('Canada') == 'CA'\n"
        "print('phonenumbers.geodata' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"

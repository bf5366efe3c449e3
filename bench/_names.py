"""The delegates' names the benchmarks print: Latin names with particles, apostrophes and accents, Arabic names
(a right-to-left script to shape), and countries, as partner lists have them."""

FIRST = ["Amina", "Khaled", "Maryam", "Jean-Pierre", "Siobhán", "Nelson", "Fatima", "Ole", "Zeynep", "Luis"]
LAST = ["Haddad", "Barghouti", "van der Berg", "O'Connor", "Abu Sitta", "Nowak", "Dubois", "Khalil", "Rossi"]
ARABIC = ["أمينة حداد", "خالد عبد الرحمن", "مريم الشيخ", "فاطمة البرغوثي", "محمد أبو ستة"]
COUNTRIES = ["PS", "BE", "FR", "GB", "IE", "ES", "IT", "NL", "DE", "JO", "LB", "TR"]

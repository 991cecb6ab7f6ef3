/* pii_names.c — the name lists behind the name detector of core/pii.c:
 * common Swedish first names and surnames (about the 200 most common of
 * each, after SCB's name statistics, written by hand), sorted bytewise so
 * pii_name_in() can binary-search them (tests/unit/test_pii.c checks the
 * order). Data only, plus the lookup. */
#include "core/pii.h"

#include <string.h>

const char *const pii_first_names[] = {
    "Adam", "Agnes", "Ahmed", "Albin", "Alexander", "Alfred", "Ali", "Alice",
    "Alma", "Amanda", "Anders", "Andreas", "Angelica", "Anita", "Ann", "Anna",
    "Anneli", "Annika", "Anton", "Arne", "Astrid", "Axel", "Barbro", "Bengt",
    "Bertil", "Birgitta", "Björn", "Bo", "Britt", "Camilla", "Carina", "Carl",
    "Caroline", "Cecilia", "Charlotte", "Christer", "Christian", "Christina", "Christoffer", "Claes",
    "Dan", "Daniel", "David", "Ebba", "Ebbe", "Edvin", "Elias", "Elin",
    "Elisabeth", "Ella", "Ellen", "Elsa", "Elvira", "Emelia", "Emelie", "Emil",
    "Emma", "Erik", "Ester", "Eva", "Felicia", "Filip", "Fredrik", "Frida",
    "Greta", "Gunilla", "Gunnar", "Gustav", "Göran", "Gösta", "Hampus", "Hanna",
    "Hans", "Harriet", "Hedvig", "Helen", "Helena", "Henrik", "Hjalmar", "Hugo",
    "Håkan", "Ida", "Ines", "Ingegerd", "Inger", "Ingrid", "Ingvar", "Iris",
    "Isak", "Jakob", "Jan", "Jenny", "Jesper", "Jessica", "Joakim", "Johan",
    "Johanna", "Johannes", "Jonas", "Jonathan", "Jonna", "Josefin", "Julia", "Jörgen",
    "Kajsa", "Karin", "Karl", "Katarina", "Kenneth", "Kent", "Kerstin", "Kjell",
    "Klara", "Kristina", "Kristoffer", "Lars", "Leif", "Lena", "Lennart", "Leo",
    "Liam", "Lillemor", "Lilly", "Linda", "Linnea", "Linnéa", "Linus", "Lisa",
    "Louise", "Lovisa", "Lucas", "Ludvig", "Magnus", "Maja", "Malin", "Margareta",
    "Maria", "Marianne", "Marie", "Marita", "Martin", "Matilda", "Mats", "Mattias",
    "Max", "Michael", "Mikael", "Moa", "Mohammed", "Mona", "Monica", "Måns",
    "Niklas", "Nils", "Noah", "Nora", "Oliver", "Olivia", "Olof", "Oscar",
    "Oskar", "Patrik", "Per", "Peter", "Petra", "Pia", "Pontus", "Rasmus",
    "Rebecka", "Robert", "Robin", "Roger", "Roland", "Rolf", "Ronja", "Ronny",
    "Saga", "Sandra", "Sara", "Sebastian", "Selma", "Signe", "Simon", "Siv",
    "Sofia", "Sofie", "Stefan", "Sten", "Stig", "Sture", "Susanne", "Sven",
    "Theo", "Therese", "Thomas", "Tobias", "Tomas", "Tommy", "Torbjörn", "Tove",
    "Ture", "Tyra", "Ulf", "Ulla", "Ulrika", "Valter", "Vera", "Viktor",
    "Vilma", "William", "Wilma", "Yvonne", "Åke", "Åsa",
};
const size_t pii_first_names_count = sizeof pii_first_names / sizeof pii_first_names[0];

const char *const pii_surnames[] = {
    "Abdi", "Abrahamsson", "Ahlberg", "Ahlström", "Ahmed", "Ali", "Almqvist", "Andersson",
    "Andreasson", "Arvidsson", "Axelsson", "Backman", "Bengtsson", "Berg", "Berggren", "Bergkvist",
    "Berglund", "Bergman", "Bergqvist", "Bergström", "Björk", "Björklund", "Björn", "Blom",
    "Blomqvist", "Boström", "Bäckström", "Carlsson", "Claesson", "Dahl", "Dahlberg", "Dahlgren",
    "Danielsson", "Edlund", "Ek", "Ekberg", "Ekholm", "Eklund", "Eklöf", "Ekman",
    "Ekström", "Eliasson", "Eng", "Engberg", "Engdahl", "Englund", "Engström", "Eriksson",
    "Falk", "Forsberg", "Forslund", "Forsman", "Fransson", "Franzén", "Fredriksson", "Friberg",
    "Gunnarsson", "Gustafsson", "Göransson", "Hagström", "Hansson", "Hassan", "Hedberg", "Hedlund",
    "Hedman", "Hedström", "Hellberg", "Hellström", "Henriksson", "Hermansson", "Holm", "Holmberg",
    "Holmgren", "Holmqvist", "Hosseini", "Hussein", "Håkansson", "Ibrahim", "Isaksson", "Ivarsson",
    "Jakobsson", "Jansson", "Jensen", "Jeppsson", "Johansson", "Johnsson", "Jonasson", "Jonsson",
    "Josefsson", "Jönsson", "Karlsson", "Kaya", "Kristensson", "Kristiansson", "Lagerström", "Landin",
    "Larsen", "Larsson", "Lind", "Lindahl", "Lindberg", "Lindblad", "Lindblom", "Lindell",
    "Lindgren", "Lindholm", "Lindkvist", "Lindqvist", "Lindroth", "Lindström", "Lindén", "Ljung",
    "Ljungberg", "Ljunggren", "Lund", "Lundberg", "Lundgren", "Lundholm", "Lundin", "Lundmark",
    "Lundqvist", "Lundström", "Löfgren", "Löfqvist", "Magnusson", "Malm", "Malmberg", "Malmström",
    "Martinsson", "Mattsson", "Melin", "Moberg", "Mohamed", "Mohammed", "Molin", "Månsson",
    "Mårtensson", "Nguyen", "Nielsen", "Nilsson", "Norberg", "Nord", "Nordberg", "Nordgren",
    "Nordin", "Nordlund", "Nordqvist", "Nordström", "Norling", "Norén", "Nyberg", "Nyman",
    "Nyström", "Näslund", "Olausson", "Olofsson", "Olsson", "Omar", "Palm", "Persson",
    "Petersson", "Pettersson", "Pålsson", "Rosén", "Rydberg", "Samuelsson", "Sandberg", "Sandin",
    "Sandström", "Sjöberg", "Sjödin", "Sjögren", "Sjölund", "Sjöström", "Skoglund", "Strand",
    "Ström", "Strömberg", "Ståhl", "Sundberg", "Sundin", "Sundqvist", "Sundström", "Svensson",
    "Svärd", "Söderberg", "Söderlund", "Söderström", "Thorén", "Törnqvist", "Viklund", "Vikström",
    "Wahlström", "Wallin", "Wallén", "Wennberg", "Westberg", "Westerberg", "Westin", "Wiberg",
    "Wikström", "Yusuf", "Åberg", "Åkesson", "Åström", "Öberg", "Öhman", "Östberg",
    "Östlund",
};
const size_t pii_surnames_count = sizeof pii_surnames / sizeof pii_surnames[0];

int pii_name_in(const char *const *list, size_t count, const char *s, size_t n)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = list[mid];
        size_t ml = strlen(m);
        int c = memcmp(m, s, ml < n ? ml : n);
        if (c == 0) c = (ml > n) - (ml < n); /* the shorter sorts first */
        if (c == 0) return 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

"""Author-name handling, on cases taken from the hep-th `.abs` files."""

from __future__ import annotations

import pytest

from loaders.identity.features import parse_name
from loaders.names import (
    block_key,
    decode_latex,
    fold_ascii,
    key_form,
    name_key,
    normalize_name,
    split_author_list,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r"Bal\'azs", "Balázs"),
        (r"{\"o}", "ö"),
        (r"\"{o}", "ö"),
        (r"T. H\"ubsch", "T. Hübsch"),
        (r"Stra\ss er", "Straßer"),
        (r"Bj\o rn", "Bjørn"),
        (r"M{\aa}ns Henningson", "Måns Henningson"),
        (r"Jordi Par\'{\i}s", "Jordi París"),
        (r"Jordi Par\'\i s", "Jordi París"),  # TeX: the space ends the control word \i
        (r"Ctirad Klim\v c\'\i k", "Ctirad Klimčík"),
        (r"Santiago Garc\' \i a", "Santiago García"),
        (r"Jordi Par\'\i s\ and", "Jordi París and"),
        (r"P.~Berglund", "P. Berglund"),
        (r"Fran\c{c}ois Delduc", "François Delduc"),
        (r"P. Pre\v{s}najder", "P. Prešnajder"),
        (r"M. Cveti\v c", "M. Cvetič"),
        (r"P. Kosi{\'n}ski", "P. Kosiński"),
        (r"C. Mu\~noz", "C. Muñoz"),
        (r"P. Fr\`e", "P. Frè"),
        (r"Claude Barrab\`{e}s", "Claude Barrabès"),
        ('F. M"uller-Hoissen', "F. Müller-Hoissen"),
        ("Painlev'e", "Painlev'e"),
        ("E. D'Hoker", "E. D'Hoker"),
        ("L. O'Raifeartaigh", "L. O'Raifeartaigh"),
        ("plain name", "plain name"),
    ],
)
def test_decode_latex(raw: str, expected: str) -> None:
    assert decode_latex(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J.Strathdee", "J. Strathdee"),
        ("S.D. Odintsov", "S. D. Odintsov"),
        ("S.D.Odintsov", "S. D. Odintsov"),
        ("J.-B. Zuber", "J.-B. Zuber"),
        ("  Sergei   D.  Odintsov ", "Sergei D. Odintsov"),
        (r"J.L.F. Barb\'on", "J. L. F. Barbón"),
        ("Emparan, R.", "R. Emparan"),
        ("a K Rebhan", "A K Rebhan"),
        ("P. van Nieuwenhuizen", "P. van Nieuwenhuizen"),
        (r"A. Gonz\'alez--Ruiz", "A. González-Ruiz"),  # TeX dashes are a hyphen in a name
        ("R.M.Mir -- Kasimov", "R. M. Mir-Kasimov"),
        ("A. Lima - Santos", "A. Lima-Santos"),
        ("J.--Q. Liang", "J.-Q. Liang"),
        ("Leznov A. N", "A. N. Leznov"),  # surname first, then initials only
        ("Requardt M", "M. Requardt"),
        ("J. Torres A", "J. Torres A"),  # an initial after given names stays where it is
        ("Emil Martinec}", "Emil Martinec"),  # a stray brace
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J. Torres A", "J. Torres"),  # a second surname's initial after a full name
        ("J. Fernando Barbero G.", "J. Fernando Barbero"),
        ("S. Cassemiro F. F.", "S. Cassemiro"),
        ("Sergei D. Odintsov", "Sergei D. Odintsov"),  # middle initials stay
        ("Leznov A. N", "A. N. Leznov"),  # surname first: reordered, nothing dropped
        ("A. N", "A. N"),  # initials only: nothing to drop
        ("Gates, Jr., S. J.", "Gates, Jr., S. J."),  # an unresolved comma form is left alone
    ],
)
def test_key_form_drops_a_second_surname_initial(raw: str, expected: str) -> None:
    assert key_form(raw) == expected


def test_keys_ignore_a_second_surname_initial() -> None:
    assert block_key("J. Fernando Barbero G.") == block_key("J. Fernando Barbero") == "barbero j"
    assert name_key("J. L. Lucio M.") == name_key("J. L. Lucio")
    assert parse_name("J. Torres A").surname == "torres"
    assert normalize_name("J. Torres A") == "J. Torres A"  # the display form keeps it


def test_fold_ascii() -> None:
    assert fold_ascii("Åke Bjørn Straße Łukasz Villaseñor") == "Ake Bjorn Strasse Lukasz Villasenor"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("S.D. Odintsov", "S. D. Odintsov"),
        ("S.D.Odintsov", "s. d. odintsov"),
        ("J.-B. Zuber", "J. B. Zuber"),
        (r"T. H\"ubsch", "T. Hubsch"),
        ("Jean-Loup Gervais", "Jean Loup Gervais"),
        ("S.J. Gates, Jr.", "S. J. Gates"),
        ("Odintsov, S. D.", "S. D. Odintsov"),
    ],
)
def test_name_key_collapses_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_people_apart() -> None:
    assert name_key("S. D. Odintsov") != name_key("Sergei D. Odintsov")
    assert name_key("J. Smith") != name_key("J. Smyth")
    assert name_key("S.D. Odintsov") == "s d odintsov"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("S.D. Odintsov", "odintsov s"),
        ("Sergei D. Odintsov", "odintsov s"),
        ("Odintsov, Sergei", "odintsov s"),
        ("P. van Nieuwenhuizen", "vannieuwenhuizen p"),
        ("A. Van Proeyen", "vanproeyen a"),
        ("F. De Jonghe", "dejonghe f"),
        ("Jan Pieter van der Schaar", "vanderschaar j"),
        ("Xenia C. de la Ossa", "delaossa x"),
        ("J. Zinn-Justin", "zinnjustin j"),
        ("Alexander Kirillov Jr", "kirillov a"),
        (r"U. Lindstr\"{o}m", "lindstrom u"),
        ("Gaberdiel", "gaberdiel"),
    ],
)
def test_block_key(raw: str, expected: str) -> None:
    assert block_key(raw) == expected


def _names(s: str) -> list[str]:
    return [normalize_name(n) for n, _ in split_author_list(s)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C. Itzykson and J.-B. Zuber", ["C. Itzykson", "J.-B. Zuber"]),
        ("S. Mignemi & D.L. Wiltshire", ["S. Mignemi", "D. L. Wiltshire"]),
        (
            "I. H. Brevik, V. V. Nesterenko, and I. G. Pirozhenko",
            ["I. H. Brevik", "V. V. Nesterenko", "I. G. Pirozhenko"],
        ),
        (
            "S.V. Ketov, S.J. Gates, Jr. and H. Nishino",
            ["S. V. Ketov", "S. J. Gates Jr.", "H. Nishino"],
        ),
        (
            "H. Nishino, S.J. Gates, Jr, and S.V. Ketov",
            ["H. Nishino", "S. J. Gates Jr", "S. V. Ketov"],
        ),
        ("W. D. Linch III, Markus A. Luty", ["W. D. Linch III", "Markus A. Luty"]),
        (
            "A.A. Bichl, M. Ertl, A. Gerhold,\n  V. Putz, M. Schweda",
            ["A. A. Bichl", "M. Ertl", "A. Gerhold", "V. Putz", "M. Schweda"],
        ),
        ("A. Smith et al.", ["A. Smith"]),
        ("Emparan, R. and Valle Basagoiti, M. A", ["R. Emparan", "M. A Valle Basagoiti"]),
        ("M. Cvetic, H, Lu and J.F. Vazquez-Poritz", ["M. Cvetic", "H Lu", "J. F. Vazquez-Poritz"]),
        ("C. G. Bollini L. E. Oxman", ["C. G. Bollini", "L. E. Oxman"]),
        ("D.Ebert,M.Nagy.M.K.Volkov", ["D. Ebert", "M. Nagy", "M. K. Volkov"]),
        ("H. Lu. C.N. Pope and K.-W. Xu", ["H. Lu", "C. N. Pope", "K.-W. Xu"]),
        ("A. Yu. Morozov, M. Yu. A. Smith", ["A. Yu. Morozov", "M. Yu. A. Smith"]),
        (
            "I Batalin R Marnelius A Semikhatov",
            ["I Batalin", "R Marnelius", "A Semikhatov"],
        ),
        ("N Linden A J Macfarlane (DAMTP)", ["N Linden", "A J Macfarlane"]),
        ("J Torres A, J. Torres A", ["J Torres A", "J. Torres A"]),
        ("I. P. Costa E Silva, I P Costa E Silva", ["I. P. Costa E Silva", "I P Costa E Silva"]),
        ("J. Garcia Y Lopez", ["J. Garcia Y Lopez"]),
        ("SDLCQ Collaboration: F. Antonuccio, I. Filippov", ["F. Antonuccio", "I. Filippov"]),
        ("Alexandre G. de M. Schmidt", ["Alexandre G. de M. Schmidt"]),
        ("E. S. Moreira Jr. (IFT/UNESP, Sao Paulo)", ["E. S. Moreira Jr."]),
        ("S. D. Odintsov nd S. Zerbini", ["S. D. Odintsov", "S. Zerbini"]),
        ("18 pages", []),
    ],
)
def test_split_names(raw: str, expected: list[str]) -> None:
    assert _names(raw) == expected


def test_affiliation_applies_to_group_since_previous_parenthesis() -> None:
    got = split_author_list("S. Randjbar-Daemi and J.Strathdee (ICTP; Trieste)")
    assert got == [("S. Randjbar-Daemi", ["ICTP; Trieste"]), ("J.Strathdee", ["ICTP; Trieste"])]


@pytest.mark.parametrize(
    "note", ["with an appendix by\n  S.Katz", "with an appendix by Mark   Gross",
             "appendix by E. Frenkel"],
)
def test_an_appendix_credit_is_not_an_affiliation(note: str) -> None:
    """hep-th/9302103 "M.Bershadsky, ... and C.Vafa (with an appendix by S.Katz)" made the
    institution "appendix by Katz S with" for all four authors."""
    got = split_author_list(f"M.Bershadsky, H.Ooguri and C.Vafa ({note})")
    assert got == [("M.Bershadsky", []), ("H.Ooguri", []), ("C.Vafa", [])]
    later = split_author_list(f"A. One ({note}) and B. Two (Harvard University)")
    assert later == [("A. One", []), ("B. Two", ["Harvard University"])]


def test_affiliation_per_name_and_multiline() -> None:
    raw = (
        "E.M.C. Abreu (FEG/Unesp), J.A. Helayel-Neto (CBPF and GFT/Ucp), M.\n"
        "  Hott (FEG/Unesp) and W.A. Moura-Melo (UFLA)"
    )
    assert split_author_list(raw) == [
        ("E.M.C. Abreu", ["FEG/Unesp"]),
        ("J.A. Helayel-Neto", ["CBPF and GFT/Ucp"]),
        ("M. Hott", ["FEG/Unesp"]),
        ("W.A. Moura-Melo", ["UFLA"]),
    ]


def test_affiliation_with_commas_and_continuation() -> None:
    raw = (
        "F.M.C. Witte and S.P. Klevansky (Inst. f. Theoretical Physics, Univ.\n"
        "  Heidelberg, Germany)"
    )
    aff = "Inst. f. Theoretical Physics, Univ. Heidelberg, Germany"
    assert split_author_list(raw) == [("F.M.C. Witte", [aff]), ("S.P. Klevansky", [aff])]


def test_nested_parentheses_and_footnote_markers() -> None:
    raw = (
        "N.N. Nikolaev (1,2), B.G. Zakharov (1,2) and V.R.Zoller (1,3) ((1)\n"
        "  IKP(Theorie), KFA Juelich, Germany, (2) L. D. Landau Institute, Moscow,\n"
        "  (3) ITEP, Moscow)"
    )
    got = dict(split_author_list(raw))
    assert list(got) == ["N.N. Nikolaev", "B.G. Zakharov", "V.R.Zoller"]
    assert got["N.N. Nikolaev"] == [
        "IKP(Theorie), KFA Juelich, Germany",
        "L. D. Landau Institute, Moscow",
    ]
    assert got["V.R.Zoller"] == ["IKP(Theorie), KFA Juelich, Germany", "ITEP, Moscow"]


def test_emails_are_dropped() -> None:
    raw = (
        "Hyeon-Min Johng, Hak-Soo Shin (E-Mail:hsshin@ibm3090. snu.ac.kr) and\n"
        "  Kwang-Sup Soh (E-Mail:kssoh@phyb.snu.ac.kr)"
    )
    got = split_author_list(raw)
    assert [n for n, _ in got] == ["Hyeon-Min Johng", "Hak-Soo Shin", "Kwang-Sup Soh"]
    assert all("@" not in a for _, affs in got for a in affs)
    raw = "Ilya L. Shapiro (Univ. de Zaragoza, Spain, shapiro@dftuz.unizar.es)"
    assert split_author_list(raw) == [("Ilya L. Shapiro", ["Univ. de Zaragoza, Spain"])]


def test_names_after_parenthesis_without_separator() -> None:
    raw = (
        "Pietro Menotti (menotti@ibmth.difi.unipi.it) Pier Paolo Peirano\n"
        "  (peirano@sunthpi1.difi.unipi.it)"
    )
    assert _names(raw) == ["Pietro Menotti", "Pier Paolo Peirano"]


def test_and_inside_affiliation_is_not_a_separator() -> None:
    raw = "Giorgio Immirzi (Universita' di Perugia & INFN Perugia, Italy) and A. B. Other"
    got = split_author_list(raw)
    assert got[0] == ("Giorgio Immirzi", ["Universita' di Perugia & INFN Perugia, Italy"])
    assert got[1] == ("A. B. Other", [])


def test_institution_outside_parentheses_is_an_affiliation() -> None:
    raw = "Ramesh Abhiraman and Charles M. Sommerfield, Yale University."
    assert split_author_list(raw) == [
        ("Ramesh Abhiraman", ["Yale University"]),
        ("Charles M. Sommerfield", ["Yale University"]),
    ]


def test_unbalanced_parentheses() -> None:
    assert _names("Tamiaki Yoneya (University of Tokyo, Komaba))") == ["Tamiaki Yoneya"]
    assert split_author_list("A. Smith (CERN") == [("A. Smith", ["CERN"])]

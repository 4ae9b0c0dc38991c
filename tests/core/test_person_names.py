"""One person's given names as stories write them (nicknames, spellings, a middle name used alone)."""
from collections import Counter

from pipeline.core.person_names import canonical_given_names, same_given_name


def test_nicknames_and_spellings_name_one_person():
    assert same_given_name("mike", "michael")
    assert same_given_name("dick", "richard")
    assert same_given_name("sergei", "sergey")
    assert same_given_name("emanuel", "emmanuel")


def test_different_given_names_stay_apart():
    assert not same_given_name("dick", "liz")
    assert not same_given_name("bernie", "sarah")
    assert not same_given_name("dan", "don")  # too short to read as a respelling


def test_each_person_is_named_after_their_commonest_form():
    names = Counter({("pompeo", ("mike",)): 5, ("pompeo", ("michael",)): 2,
                     ("erdogan", ("recep", "tayyip")): 3, ("erdogan", ("tayyip",)): 2,
                     ("sanders", ("bernie",)): 9, ("sanders", ("sarah",)): 3, ("sanders", ("sarah", "huckabee")): 2,
                     ("cheney", ("dick",)): 2, ("cheney", ("richard",)): 1, ("cheney", ("liz",)): 1})
    canonical = canonical_given_names(names)
    assert canonical["pompeo", ("michael",)] == "mike"
    assert canonical["erdogan", ("tayyip",)] == "recep"
    assert canonical["sanders", ("sarah", "huckabee")] == "sarah"
    assert canonical["sanders", ("bernie",)] == "bernie"
    assert canonical["cheney", ("richard",)] == "dick"
    assert canonical["cheney", ("liz",)] == "liz"


def test_a_form_joins_a_person_only_if_it_fits_every_form_of_them():
    # "Marie" fits Ann Marie Lee's middle name but not Ann Lee, who is the same person: it is Marie Claire Lee
    names = Counter({("lee", ("ann",)): 3, ("lee", ("ann", "marie")): 1, ("lee", ("marie", "claire")): 2,
                     ("lee", ("marie",)): 1})
    canonical = canonical_given_names(names)
    assert canonical["lee", ("ann", "marie")] == "ann"
    assert canonical["lee", ("marie",)] == "marie"

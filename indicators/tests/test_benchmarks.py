import pytest

from indicators import benchmarks

VALUES = {"A": 50.0, "B": 40.0, "C": 40.0, "D": 30.0, "E": None, "F": 20.0, "G": 10.0, "H": 60.0}


def test_higher_is_better_ranks_the_highest_first_and_ties_share_the_best_rank():
    ranks = benchmarks.ranks(VALUES, "higher")
    assert ranks == {"H": 1, "A": 2, "B": 3, "C": 3, "D": 5, "F": 6, "G": 7}


def test_lower_is_better_ranks_the_lowest_first():
    ranks = benchmarks.ranks(VALUES, "lower")
    assert ranks == {"G": 1, "F": 2, "D": 3, "B": 4, "C": 4, "A": 6, "H": 7}


def test_authorities_without_a_value_are_not_ranked():
    assert "E" not in benchmarks.ranks(VALUES, "higher")


@pytest.mark.parametrize(
    "rank, of, expected",
    [(1, 152, 1), (38, 152, 1), (39, 152, 2), (76, 152, 2), (77, 152, 3), (114, 152, 3), (115, 152, 4),
     (152, 152, 4), (1, 1, 1), (3, 7, 2), (None, 10, None), (1, 0, None)],
)
def test_quartile_bands_split_the_ranks_into_quarters_best_first(rank, of, expected):
    assert benchmarks.quartile(rank, of) == expected


def test_tied_authorities_always_share_a_quartile():
    values = {str(i): float(i // 4) for i in range(20)}  # groups of 4 equal values
    ranks = benchmarks.ranks(values, "higher")
    by_value = {}
    for code, value in values.items():
        by_value.setdefault(value, set()).add(benchmarks.quartile(ranks[code], len(ranks)))
    assert all(len(bands) == 1 for bands in by_value.values())


def test_the_benchmark_object_has_neighbours_their_mean_and_range_rank_quartile_and_change():
    la_values = {"886": 33.3, "881": 15.0, "845": 85.1, "878": None, "900": 50.0, "901": 60.0}
    result = benchmarks.benchmark("886", la_values=la_values, polarity="higher", england=46.4, region=38.2,
                                  neighbour_codes=["881", "845", "878"], previous_value=18.0, places=1)
    assert result["value"] == 33.3
    assert result["england"] == 46.4 and result["region"] == 38.2
    assert result["neighbours"] == [{"la": "881", "value": 15.0}, {"la": "845", "value": 85.1},
                                    {"la": "878", "value": None}]
    assert result["neighbours_mean"] == round((15.0 + 85.1) / 2, 2)
    assert (result["neighbours_min"], result["neighbours_max"], result["neighbours_count"]) == (15.0, 85.1, 2)
    # 85.1, 60, 50, 33.3, 15: Kent is 4th of 5 -> (4-1)*4//5+1 = 3rd quartile
    assert (result["rank"], result["of"], result["quartile"]) == (4, 5, 3)
    assert result["change"] == 15.3


def test_an_authority_without_a_value_has_no_rank_or_quartile():
    result = benchmarks.benchmark("878", la_values={"878": None, "1": 1.0}, polarity="higher")
    assert result["rank"] is None and result["quartile"] is None and result["of"] == 1


def test_no_neighbour_values_gives_no_mean():
    summary = benchmarks.summarise([None, None])
    assert summary.mean is None and summary.count == 0


@pytest.mark.parametrize("now, before, expected", [(46.4, 50.3, 46.4 - 50.3), (None, 1.0, None), (1.0, None, None)])
def test_change_since_the_last_period(now, before, expected):
    assert benchmarks.change(now, before) == (pytest.approx(expected) if expected is not None else None)

package io.autoops.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.TestSpark;
import io.autoops.transforms.templates.GroupingAccuracy;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class GroupingAccuracyTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("line", DataTypes.IntegerType)
          .add("predicted", DataTypes.StringType)
          .add("truth", DataTypes.StringType);

  private static Dataset<Row> lines(Object[]... rows) {
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
    return TestSpark.session().createDataFrame(list, SCHEMA);
  }

  @Test
  void countsOnlyLinesWhosePredictedGroupIsExactlyTheirTrueGroup() {
    Dataset<Row> lines =
        lines(
            new Object[] {1, "A", "x"}, // A = {1, 2} = x: both right
            new Object[] {2, "A", "x"},
            new Object[] {3, "B", "y"}, // B = {3, 4} mixes y and z: both wrong
            new Object[] {4, "B", "z"},
            new Object[] {5, "C", "z"}, // C = {5} but z = {4, 5}: wrong
            new Object[] {6, "D", "w"}, // w = {6, 7} split over D and E: both wrong
            new Object[] {7, "E", "w"},
            new Object[] {8, null, "v"}); // null is a group of its own: {8} = v, right

    Row result = GroupingAccuracy.of(lines, "predicted", "truth").first();

    assertThat(result.<Long>getAs(GroupingAccuracy.LINES)).isEqualTo(8L);
    assertThat(result.<Long>getAs(GroupingAccuracy.CORRECT_LINES)).isEqualTo(3L);
    assertThat(result.<Double>getAs(GroupingAccuracy.ACCURACY)).isEqualTo(0.375);
    assertThat(GroupingAccuracy.accuracy(lines, "predicted", "truth")).isEqualTo(0.375);
  }

  @Test
  void givesOneWhenGroupsMatchWhateverTheirNames() {
    Dataset<Row> lines =
        lines(
            new Object[] {1, "p1", "E1"},
            new Object[] {2, "p2", "E2"},
            new Object[] {3, "p1", "E1"},
            new Object[] {4, "p2", "E2"});

    assertThat(GroupingAccuracy.accuracy(lines, "predicted", "truth")).isEqualTo(1.0);
  }

  @Test
  void rejectsAnEmptyDataset() {
    assertThatThrownBy(() -> GroupingAccuracy.accuracy(lines(), "predicted", "truth"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Grouping accuracy needs at least one line, and the dataset is empty.");
  }
}

package io.autoops.pipelines.act;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs {@link Cooldown} over the candidates of one entity and action, on an executor: each
 * candidate comes out with the status it is planned to get ({@code claimed} or {@code
 * skipped-cooldown}) and, when skipped, why.
 *
 * <p>Input rows have {@link #INPUT}'s columns followed by any others; output rows have {@link
 * #output(StructType)}'s.
 */
final class PlanGroup implements FlatMapGroupsFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  static final String END_US = "_end_us";
  static final String COOLDOWN_S = "_cooldown_s";
  static final String PRIOR = "_prior";
  static final String PLANNED = "_planned";
  static final String SKIP_DETAIL = "_skip_detail";

  /** Columns the function reads, by name; {@link #PRIOR} is {@code array<struct<end_us, id>>}. */
  static final List<String> INPUT = List.of(Ledger.DECISION_ID, END_US, COOLDOWN_S, PRIOR);

  private final StructType input;

  PlanGroup(StructType input) {
    this.input = input;
  }

  /** The input schema without {@link #PRIOR}, plus the planned status and the skip detail. */
  static StructType output(StructType input) {
    StructType out = new StructType();
    for (var field : input.fields()) {
      if (!field.name().equals(PRIOR)) {
        out = out.add(field);
      }
    }
    return out.add(PLANNED, DataTypes.StringType, false).add(SKIP_DETAIL, DataTypes.StringType);
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> rows) {
    List<Row> group = new ArrayList<>();
    rows.forEachRemaining(group::add);
    int id = input.fieldIndex(Ledger.DECISION_ID);
    int end = input.fieldIndex(END_US);
    int cooldown = input.fieldIndex(COOLDOWN_S);
    int prior = input.fieldIndex(PRIOR);

    List<Cooldown.Candidate> candidates = new ArrayList<>();
    for (Row row : group) {
      candidates.add(
          new Cooldown.Candidate(row.getString(id), row.getLong(end), row.getLong(cooldown)));
    }
    List<Cooldown.Taken> taken = new ArrayList<>();
    if (!group.isEmpty() && !group.get(0).isNullAt(prior)) {
      for (Row t : group.get(0).<Row>getList(prior)) {
        taken.add(new Cooldown.Taken(t.getString(1), t.getLong(0)));
      }
    }
    Map<String, String> skipped = Cooldown.skipped(candidates, taken);

    List<Row> out = new ArrayList<>(group.size());
    for (Row row : group) {
      List<Object> values = new ArrayList<>(row.length() + 1);
      for (int i = 0; i < row.length(); i++) {
        if (i != prior) {
          values.add(row.get(i));
        }
      }
      String detail = skipped.get(row.getString(id));
      values.add(detail == null ? Ledger.CLAIMED : Ledger.SKIPPED_COOLDOWN);
      values.add(detail);
      out.add(RowFactory.create(values.toArray()));
    }
    return out.iterator();
  }
}

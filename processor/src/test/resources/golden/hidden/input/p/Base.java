package p;

public class Base {
  int count;
  int generation;
  private String label;

  String getLabel() {
    return label;
  }

  void setLabel(String label) {
    this.label = label;
  }
}
